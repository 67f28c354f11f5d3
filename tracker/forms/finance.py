"""Forms of the exchange-rate pages (admins): a rate, and a file of rates to import."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField, ValidationError
from wtforms.validators import DataRequired, Length

from tracker.formats.csv_rates import month_text, parse_month, parse_rate
from tracker.services.finance.exchange_rates import SOURCE_LENGTH


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class RateForm(FlaskForm):
    """One monthly rate: 1 ``currency`` = ``rate`` ``quote_currency``. The view fills the
    currency choices; the rules a rate must meet are the service's (``check_rate``)."""

    currency = SelectField(
        _l("Currency"), validators=[DataRequired(message=_l("Choose a currency."))]
    )
    quote_currency = SelectField(_l("Quote currency"))
    month = StringField(_l("Month"), filters=[_strip])
    rate = StringField(_l("Rate"), filters=[_strip])
    source = StringField(
        _l("Source"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Say who published the rate, such as “National Bank of "
                                    "Kazakhstan, official monthly average”.")),
            Length(max=SOURCE_LENGTH, message=_l("At most %(limit)s characters, please.",
                                                  limit=SOURCE_LENGTH)),
        ],
    )  # fmt: skip

    def __init__(self, *args, currencies: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.currency.choices = currencies
        self.quote_currency.choices = currencies

    def fill_from(self, rate) -> None:
        """Fill the form from a stored rate (edit), month and rate as a person types them."""
        self.currency.data, self.quote_currency.data = rate.currency, rate.quote_currency
        self.source.data = rate.source
        self.month.data = month_text(rate.month)
        self.rate.data = format(rate.rate.normalize(), "f")

    def validate_month(self, field: StringField) -> None:
        try:
            self.parsed_month = parse_month(field.data or "")
        except ValueError as error:
            raise ValidationError(str(error)) from None

    def validate_rate(self, field: StringField) -> None:
        try:
            self.parsed_rate = parse_rate(field.data or "")
        except ValueError as error:
            raise ValidationError(str(error)) from None


class RatesUploadForm(FlaskForm):
    file = FileField(
        _l("CSV file of rates"),
        validators=[FileRequired(_l("Choose a CSV file with the columns currency, "
                                    "quote_currency, month, rate and source."))],
    )  # fmt: skip
