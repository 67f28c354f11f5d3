"""Submit a form the way a browser does: read it out of the page the view rendered.

A test changes only what a person would change (type into a field, pick an option, tick a
box, attach a file, press a button) and posts what the page itself would send: its hidden
fields, selected options and checked boxes. Naming a field the page does not render fails.

    form = page_form(client.get("/projects/1/edit"), "#project-form")
    form.set("title", "New title")
    response = form.submit(client)
"""

from __future__ import annotations

import io
from urllib.parse import urljoin, urlsplit

import lxml.html
from werkzeug.datastructures import MultiDict


class FormNotFound(AssertionError):
    pass


class RenderedForm:
    """One ``<form>`` of a rendered page, with what a person can do to it."""

    def __init__(self, element: lxml.html.FormElement, page_url: str) -> None:
        self.element = element
        self.page_url = page_url
        self._files: dict[str, tuple[bytes, str]] = {}

    # --- reading ------------------------------------------------------------------------

    @property
    def action(self) -> str:
        """Where the form posts: its action resolved against the page's address."""
        return urljoin(self.page_url, self.element.get("action") or self.page_url)

    @property
    def method(self) -> str:
        return (self.element.get("method") or "get").upper()

    def values(self) -> MultiDict:
        """What the browser would send now, without a pressed button."""
        return MultiDict(self.element.form_values())

    def __getitem__(self, name: str) -> str:
        values = self.values().getlist(name)
        if not values:
            raise KeyError(f"the form sends no value for {name!r}")
        return values[0]

    def names(self) -> set[str]:
        return {el.name for el in self.element.inputs if el.name}

    def options(self, name: str) -> list[str]:
        """The values a select or a group of checkboxes/radios offers."""
        control = self._control(name)
        if isinstance(control, lxml.html.SelectElement):
            return list(control.value_options)
        return [box.get("value", "on") for box in self._boxes(name)]

    # --- changing -----------------------------------------------------------------------

    def set(self, name: str, value: str) -> RenderedForm:
        """Type into a text field or textarea, or pick an option of a select."""
        control = self._control(name)
        if isinstance(control, lxml.html.SelectElement):
            if str(value) not in control.value_options:
                raise AssertionError(f"{name!r} offers no option {value!r}")
            if control.multiple:
                control.value.clear()
                control.value.add(str(value))
            else:
                control.value = str(value)
        elif isinstance(control, lxml.html.InputElement) and control.checkable:
            raise AssertionError(f"{name!r} is a checkbox or radio: use check()")
        elif control.get("type") == "file":
            raise AssertionError(f"{name!r} is a file input: use attach()")
        else:
            if control.get("readonly") is not None or control.get("type") == "hidden":
                raise AssertionError(f"a person cannot type into {name!r}")
            control.value = str(value)
        return self

    def check(self, name: str, value: str = "on", checked: bool = True) -> RenderedForm:
        """Tick (or untick) the checkbox or radio of ``name`` whose value is ``value``."""
        boxes = [box for box in self._boxes(name) if box.get("value", "on") == str(value)]
        if not boxes:
            raise AssertionError(f"the form has no box {name!r} with value {value!r}")
        box = boxes[0]
        if box.get("type") == "radio" and checked:
            for other in self._boxes(name):
                other.checked = False
        box.checked = checked
        return self

    def uncheck(self, name: str, value: str = "on") -> RenderedForm:
        return self.check(name, value, checked=False)

    def select_many(self, name: str, values: list[str]) -> RenderedForm:
        """Choose exactly these options of a multiple select."""
        control = self._control(name)
        assert isinstance(control, lxml.html.SelectElement) and control.multiple, name
        missing = set(map(str, values)) - set(control.value_options)
        assert not missing, f"{name!r} offers no option {sorted(missing)}"
        control.value.clear()
        for value in values:
            control.value.add(str(value))
        return self

    def attach(self, name: str, content: bytes, filename: str) -> RenderedForm:
        control = self._control(name)
        if control.get("type") != "file":
            raise AssertionError(f"{name!r} is not a file input")
        self._files[name] = (content, filename)
        return self

    # --- sending ------------------------------------------------------------------------

    def submit(self, client, button: str | None = None, **kwargs):
        """Send the form as the browser does; ``button`` is the name (or name=value) of the
        submit button pressed, when the form has several."""
        data = self.values()
        if button is not None:
            name, _, value = button.partition("=")
            pressed = [
                el for el in self.element.xpath(".//button|.//input[@type='submit']")
                if el.get("name") == name and (not value or el.get("value") == value)
            ]  # fmt: skip
            if not pressed:
                raise AssertionError(f"the form has no button {button!r}")
            data.add(name, pressed[0].get("value", ""))
        url = self.action
        path = urlsplit(url)
        target = path.path + (f"?{path.query}" if path.query else "")
        if self.method == "GET":
            return client.get(target, query_string=data, **kwargs)
        for name, (content, filename) in self._files.items():
            data.add(name, (io.BytesIO(content), filename))
        return client.post(target, data=data, **kwargs)

    # --- inside -------------------------------------------------------------------------

    def _control(self, name: str):
        found = [el for el in self.element.inputs if el.name == name]
        if not found:
            raise AssertionError(f"the page's form has no field {name!r}")
        return found[0]

    def _boxes(self, name: str):
        return [
            el for el in self.element.inputs
            if el.name == name and isinstance(el, lxml.html.InputElement) and el.checkable
        ]  # fmt: skip


def page_form(response_or_html, selector: str | None = None, *, url: str = "http://localhost/"):
    """The form of a page: the only one (but the language switch and sign-out), or the one
    ``selector`` names: ``#id``, ``.class``, or the end of its action (``/edit``)."""
    if hasattr(response_or_html, "get_data"):
        html = response_or_html.get_data(as_text=True)
        url = getattr(response_or_html, "request", None) and response_or_html.request.url or url
    else:
        html = response_or_html
    document = lxml.html.fromstring(html, base_url=url)
    if selector:
        forms = [f for f in document.forms if _matches(f, selector)]
    else:
        forms = [f for f in document.forms if not _is_chrome(f)]
    forms = [f for f in forms if isinstance(f, lxml.html.FormElement)]
    if len(forms) != 1:
        actions = [f.get("action") for f in document.forms]
        raise FormNotFound(f"expected one form for {selector!r}, found {len(forms)}: {actions}")
    return RenderedForm(forms[0], url)


def _is_chrome(form) -> bool:
    """The header's form on every page: signing out."""
    return (form.get("action") or "").endswith("/sign-out")


def _matches(form, selector: str) -> bool:
    if selector.startswith("#"):
        return form.get("id") == selector[1:]
    if selector.startswith("."):
        return selector[1:] in (form.get("class") or "").split()
    return (form.get("action") or "").endswith(selector)
