"""Parsing an untrusted IATI file safely, or saying in one sentence why it cannot be read.

IATI files never need a document type declaration, so any ``<!DOCTYPE`` or ``<!ENTITY`` is
refused before parsing: that shuts out entity-expansion bombs ("billion laughs") and
external entities (``file:///etc/passwd``, network fetches) whatever the parser would do.
The parser itself is locked down too (no entity substitution, no DTD, no network, libxml2's
size guards kept on), and the file must be under a size limit.
"""

from __future__ import annotations

import codecs
import re

from flask_babel import gettext as _
from flask_babel import ngettext
from lxml import etree

MAX_BYTES = 20 * 1024 * 1024  # as the upload limit; a UN agency country file is a few MB
SUPPORTED_VERSIONS = ("2.01", "2.02", "2.03")
MAX_DEPTH = 256  # libxml2's limits without XML_PARSE_HUGE: elements nested, and
MAX_TEXT = 10_000_000  # characters in one text or attribute
# Declarations in any of the ASCII-compatible encodings IATI files come in.
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
# An XML declaration in ASCII bytes (so not UTF-16/32, which start with a BOM or NULs).
# libxml2 ends its reasons with the position, which the message gives in the reader's words.
_POSITION = re.compile(r",?\s*line\s\d+,\scolumn\s\d+$")
_ENCODING = re.compile(rb"""\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


class NotReadable(ValueError):
    """The file as a whole cannot be read; ``line`` where the reason was found, if known.
    The message is in the reader's language (English outside a request)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line

    @property
    def where(self) -> str:
        return f"line {self.line}" if self.line else "file"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,  # keep libxml2's limits on depth and text size
        remove_comments=True,
        remove_pis=True,
    )


def parse_activities(data: bytes, *, max_bytes: int = MAX_BYTES) -> etree._Element:
    """The ``<iati-activities>`` root of ``data``, version 2.01 to 2.03; raises NotReadable."""
    if len(data) > max_bytes:
        raise NotReadable(
            _("The file is %(size)s; the limit is %(limit)s. Split it (for example by country) "
              "and import the parts.", size=_size(len(data)), limit=_size(max_bytes))
        )  # fmt: skip
    if not data.strip():
        raise NotReadable(_("The file is empty."))
    found = _DECLARATION.search(data)
    if found:
        raise _declaration_refused(
            found[1].decode().upper(), data.count(b"\n", 0, found.start()) + 1
        )
    _check_declared_encoding(data)
    _check_wide_encoding(data)
    try:
        tree = etree.fromstring(data, _parser()).getroottree()
    except etree.XMLSyntaxError as error:
        raise NotReadable(
            _syntax_message(error, _ends_at(data, error)), error.lineno or None
        ) from None
    except ValueError as error:  # e.g. lxml refusing an unknown encoding name
        raise NotReadable(_("The file cannot be decoded: %(error)s.", error=error)) from None
    if tree.docinfo.internalDTD is not None or tree.docinfo.doctype:
        # A declaration in an encoding the byte scan above cannot see (UTF-16, say).
        raise _declaration_refused("DOCTYPE", 1)
    root = tree.getroot()
    _check_root(root)
    return root


def _declaration_refused(kind: str, line: int) -> NotReadable:
    return NotReadable(
        _(
            "The file has a <!%(kind)s> declaration at line %(line)s. IATI files never need one, "
            "and declarations can expand entities or read other files, so the file is refused.",
            kind=kind,
            line=line,
        ),
        line,
    )


def _check_declared_encoding(data: bytes) -> None:
    """Refuse a declaration that names an unknown encoding, or UTF-16/32 on bytes that are
    not (libxml2 would report only a puzzling syntax error further on)."""
    declared = _ENCODING.match(data)
    if not declared:
        return
    name = declared[1].decode("ascii", "replace")
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        message = _(
            "The XML declaration names the encoding %(name)s, which is not known. Check the "
            'encoding declaration (<?xml ... encoding="..."?>) against the bytes.',
            name=repr(name),
        )
        raise NotReadable(message, 1) from None
    if codec.startswith(("utf-16", "utf-32")):
        message = _(
            "The XML declaration says %(name)s, but the bytes are not %(name)s. Check the "
            'encoding declaration (<?xml ... encoding="..."?>) against the bytes.',
            name=name,
        )
        raise NotReadable(message, 1)


def _check_wide_encoding(data: bytes) -> None:
    """Refuse UTF-16 or UTF-32 without a byte-order mark: libxml2 reads those (with the mark)
    well, but without it would report a puzzling syntax error on the first line."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8)):
        return  # (UTF-32's marks start with UTF-16's)
    if b"\0" in data[:1024]:
        raise NotReadable(
            _("The file is not in UTF-8: it looks like UTF-16 or UTF-32 without a byte-order "
              "mark. Save it as UTF-8 (or with a byte-order mark) and upload it again."),
            1,
        )  # fmt: skip


def _ends_at(data: bytes, error: etree.XMLSyntaxError) -> bool:
    """Whether the parser stopped at the very end of the file: a file cut off before its
    end, rather than a mistake somewhere inside it."""
    if not error.lineno:
        return False
    lines = data.rstrip(b"\r\n").split(b"\n")
    if error.lineno < len(lines):
        return False
    last = lines[-1].decode("utf-8", "replace")
    return (error.offset or 0) >= len(last.rstrip()) - 1


def _syntax_message(error: etree.XMLSyntaxError, at_the_end: bool) -> str:
    reason = str(error.msg or error).strip()  # libxml2's words, in English
    lowered = reason.lower()
    line = error.lineno or "?"
    # libxml2's own guards, which mention an option the reader can do nothing with.
    if "excessive depth" in lowered:
        return _(
            "The file's elements are nested more than %(depth)s levels deep (at line "
            "%(line)s); IATI activity files nest a few levels. Check that this is an IATI "
            "activity file.",
            depth=MAX_DEPTH,
            line=line,
        )
    if "huge" in lowered or "too long" in lowered or "resource limit" in lowered:
        return _(
            "A text or attribute in the file is longer than the %(millions)s million "
            "characters the tracker reads (at line %(line)s); no IATI activity file needs one "
            "that long. Check the file there.",
            millions=MAX_TEXT // 1_000_000,
            line=line,
        )
    reason = _POSITION.sub("", reason).strip().rstrip(".")  # the message names the line
    if error.lineno:
        message = _(
            "The file is not well-formed XML at line %(line)s: %(reason)s.",
            line=error.lineno,
            reason=reason,
        )
    else:
        message = _("The file is not well-formed XML: %(reason)s.", reason=reason)
    if "encoding" in lowered or "utf-8" in lowered or "document labelled" in lowered:
        hint = _('Check the encoding declaration (<?xml ... encoding="..."?>) against the bytes.')
    elif (at_the_end and "mismatch" not in lowered) or "premature end" in lowered:
        hint = _("The file looks truncated (cut off before its end).")
    else:
        return message
    return f"{message} {hint}"  # two whole sentences


def _check_root(root: etree._Element) -> None:
    tag = etree.QName(root).localname if isinstance(root.tag, str) else str(root.tag)
    if tag == "iati-organisations":
        raise NotReadable(
            _(
                "This is an IATI organisation file (<iati-organisations>); import an activity "
                "file (<iati-activities>)."
            ),
            root.sourceline,
        )
    if tag != "iati-activities" or etree.QName(root).namespace:
        raise NotReadable(
            _(
                "This is not an IATI activity file: its root element is <%(tag)s>, not "
                "<iati-activities>.",
                tag=root.tag,
            ),
            root.sourceline,
        )
    version = (root.get("version") or "").strip()
    if version.startswith("1."):
        raise NotReadable(
            _(
                "IATI version %(version)s is not supported; convert the file to version 2.x "
                "first (IATI's own 1.x-to-2.x converters do this).",
                version=version,
            ),
            root.sourceline,
        )
    if version not in SUPPORTED_VERSIONS:
        supported = ", ".join(SUPPORTED_VERSIONS)
        if version:
            message = _(
                "The <iati-activities> root has version %(version)s; supported versions "
                "are %(supported)s.",
                version=repr(version),
                supported=supported,
            )
        else:
            message = _(
                "The <iati-activities> root has no version attribute; supported "
                "versions are %(supported)s.",
                supported=supported,
            )
        raise NotReadable(message, root.sourceline)


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return _("%(size)s MB", size=format(count / 1024 / 1024, ".1f"))
    if count >= 1024:
        return _("%(size)s KB", size=format(count / 1024, ".1f"))
    return ngettext("%(num)s byte", "%(num)s bytes", count)
