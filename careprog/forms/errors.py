"""Putting a service's refusal on the form the person filled in."""


def add_service_error(form, error) -> None:
    """Each message of a ValidationError from a service, at its field when it names one the
    form has, otherwise at the top of the form (the error summary)."""
    # A form may call a service's field by another name (the service's "recipient" is the
    # form's "person"): ``error_field_aliases`` says which.
    aliases = getattr(form, "error_field_aliases", {})
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            field = aliases.get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in error.messages:
            form.add_error(None, message)
