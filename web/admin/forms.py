"""The administration's forms (WTForms through Flask-WTF): what each form takes, with our own messages in the
user's language; the account rules themselves are the service's, whose refusals join the fields they name."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, PasswordField, StringField, TextAreaField
from wtforms.validators import StopValidation, ValidationError

from engine import services
from engine.core.i18n import BAD_CHARACTERS, NOT_CHOICE, NOT_DATE, REQUIRED, TOO_LONG, Label
from web.actions import FormState
from web.admin.office import LANGUAGES
from web.context import text

NOT_WHOLE = Label("请输入正整数。", "Enter a whole number from 1.")
PASSWORDS_DIFFER = Label("两次输入的密码不一致。", "The two passwords differ.")
Errors = dict[str, list[Label]]


def strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


# -- validators raising our Labels (WTForms' own messages format with %, and say "大于" for "at least") ----------
def required(form: FlaskForm, field: Field) -> None:
    if field.data in (None, ""):
        raise StopValidation(REQUIRED)


def at_most(limit: int) -> Callable[[FlaskForm, Field], None]:
    def check(form: FlaskForm, field: Field) -> None:
        if field.data and len(field.data) > limit:
            raise ValidationError(TOO_LONG.format(max=limit, n=len(field.data)))
    return check


def one_of(*choices: str) -> Callable[[FlaskForm, Field], None]:
    def check(form: FlaskForm, field: Field) -> None:
        if field.data not in choices:
            raise ValidationError(NOT_CHOICE)
    return check


def same_as(other: str) -> Callable[[FlaskForm, Field], None]:
    def check(form: FlaskForm, field: Field) -> None:
        if field.data != form[other].data:
            raise ValidationError(PASSWORDS_DIFFER)
    return check


class TypedField(StringField):
    """A field whose data is parsed from what was typed (None when empty or not parsed); what was typed is shown
    again as it was."""

    wrong: Label = REQUIRED

    def parse(self, typed: str) -> Any:
        raise NotImplementedError

    def process_formdata(self, valuelist: list[Any]) -> None:
        typed = str(valuelist[0]).strip() if valuelist else ""
        try:
            self.data = self.parse(typed) if typed else None
        except ValueError:
            self.data = None
            self.process_errors.append(self.wrong)

    def pre_validate(self, form: FlaskForm) -> None:
        if self.process_errors:
            raise StopValidation()  # its message is among the errors already

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0]).strip()
        return "" if self.data is None else str(self.data)


class WholeField(TypedField):
    """A whole number from 1 (a term, a session's number)."""

    wrong = NOT_WHOLE

    def parse(self, typed: str) -> int:
        number = int(typed)
        if number < 1:
            raise ValueError(typed)
        return number

    def pre_validate(self, form: FlaskForm) -> None:
        super().pre_validate(form)
        if self.data is None:
            raise StopValidation(NOT_WHOLE)


class DayField(TypedField):
    """A date typed as YYYY-MM-DD (what a date input sends)."""

    wrong = NOT_DATE

    def parse(self, typed: str) -> date:
        day = date.fromisoformat(typed)
        if not services.YEARS[0] <= day.year <= services.YEARS[1]:
            raise ValueError(typed)  # a year no session or notice has: a typing mistake
        return day


class AdminForm(FlaskForm):
    """A form of the administration: the app's CSRFProtect checks every post already, so the form does not."""

    class Meta:
        csrf = False

    def validate(self, extra_validators: Any = None) -> bool:
        """The fields' own checks, and for every field: no character a text cannot keep (NUL, control
        characters, lone surrogates), said beside the field."""
        valid = super().validate(extra_validators)
        for field in self._fields.values():
            if any(isinstance(raw, str) and services.bad_characters(raw) for raw in field.raw_data or ()):
                field.errors = [*field.errors, BAD_CHARACTERS]
                valid = False
        return valid

    def refuse(self, errors: Errors) -> None:
        """Messages beside the fields they name; those naming no field of the form go above it."""
        for name, messages in errors.items():
            field = self._fields.get(name)
            if field is None:
                self.form_errors = [*self.form_errors, *messages]
            else:
                field.errors = [*field.errors, *messages]

    def attempt(self, action: Callable[[], Any], *, refused: Errors | None = None, not_found: str = "__all__"
                ) -> bool:
        """Validate, add what the view ``refused``, then (if all is well) run a service call whose refusals join
        the fields; True when it went through."""
        valid = self.validate()  # first: validating clears the fields' messages
        if refused:
            self.refuse(refused)
        if not valid or refused:
            return False
        try:
            action()
        except services.ValidationFailed as err:
            self.refuse(err.errors)
            return False
        except services.NotFound as err:
            self.refuse({not_found: [err.label]})
            return False
        return True

    def state(self) -> FormState:
        """What the templates show: the values typed (passwords never) and each field's messages, in the
        page's language."""
        values = {name: f._value() for name, f in self._fields.items() if not isinstance(f, PasswordField)}
        errors = {name: [text(m) for m in f.errors] for name, f in self._fields.items() if f.errors}
        if self.form_errors:
            errors["__all__"] = [text(m) for m in self.form_errors]
        return FormState(values=values, errors=errors)


def name_field(**kwargs: Any) -> StringField:
    return StringField(filters=[strip], validators=[required, at_most(200)], **kwargs)


# -- the forms -----------------------------------------------------------------------------------------------
class NewUserForm(AdminForm):
    """A new account; the service checks the username, the address and the password by the account rules."""

    username = StringField(filters=[strip], validators=[required])
    display_name = name_field()
    email = StringField(filters=[strip])
    language = StringField(filters=[strip], default="zh", validators=[one_of(*LANGUAGES)])
    password = PasswordField(validators=[required])
    password2 = PasswordField(validators=[same_as("password")])


class ProfileForm(AdminForm):
    """A name, an address and a language: the language is checked here, before anything is saved, because the
    service sets it apart from the name and address."""

    display_name = name_field()
    email = StringField(filters=[strip])
    language = StringField(filters=[strip], validators=[one_of(*LANGUAGES)])


class PasswordForm(AdminForm):
    password = PasswordField(validators=[required])
    password2 = PasswordField(validators=[same_as("password")])


class RoleForm(AdminForm):
    """A role and where; which roles and places are allowed is the view's to check (``allowed``)."""

    role = StringField(filters=[strip])
    organisation_id = StringField(filters=[strip])

    def where(self) -> int:
        try:
            return int(self.organisation_id.data or "")
        except ValueError:
            return 0


class OrganisationForm(AdminForm):
    name = name_field()


class SessionForm(AdminForm):
    term = WholeField()
    number = WholeField()
    name = name_field()
    collection_opens = DayField(validators=[required])
    collection_closes = DayField(validators=[required])
    opens_on = DayField()


class WindowForm(AdminForm):
    collection_opens = DayField(validators=[required])
    collection_closes = DayField(validators=[required])


class NoticeForm(AdminForm):
    """A year's holiday notice; the service parses the year and the days and says what is wrong."""

    year = StringField(filters=[strip])
    note = StringField(filters=[strip])
    holidays = TextAreaField()
    workdays = TextAreaField()
