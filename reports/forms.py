"""The forms of the reports pages. Choices are built per user: a CSC manager is offered only
their own CSCs, and months only those a pack can be built for."""

from datetime import date

from django import forms

TRUST_WIDE = ""


def month_choices(months: list[date], *, so_far: date | None = None) -> list[tuple[str, str]]:
    return [(f"{m:%Y-%m}", f"{m:%B %Y}" + (" (so far)" if m == so_far else "")) for m in months]


class PackRequestForm(forms.Form):
    month = forms.ChoiceField(label="Month")
    scope = forms.ChoiceField(label="Which pack", required=False)

    def __init__(self, *args, months: list[date], cscs, trust_wide: bool, **kwargs):
        super().__init__(*args, **kwargs)
        month = self.fields["month"]
        month.choices = month_choices(months)
        first, last = (months[-1], months[0]) if months else (None, None)
        month.error_messages["invalid_choice"] = (
            f"Choose a month from {first:%B %Y} to {last:%B %Y}: a pack covers a month that "
            "has ended and that the register holds feedback for"
            if months
            else "The register holds no feedback yet: there is no month to report on"
        )
        scope = self.fields["scope"]
        scope.choices = ([(TRUST_WIDE, "Trust-wide")] if trust_wide else []) + [
            (csc.code, csc.name) for csc in cscs
        ]
        scope.required = not trust_wide
        scope.error_messages["invalid_choice"] = (
            "Choose the trust-wide pack or a CSC you may ask for"
            if trust_wide
            else "Choose one of your CSCs"
        )


class DashboardForm(forms.Form):
    """Which CSC and month the dashboard shows; anything else falls back to the default."""

    csc = forms.ChoiceField(label="Clinical service centre", required=False)
    month = forms.ChoiceField(label="Month", required=False)

    def __init__(self, *args, months: list[date], cscs, trust_wide: bool, so_far: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["csc"].choices = ([(TRUST_WIDE, "Whole trust")] if trust_wide else []) + [
            (csc.code, csc.name) for csc in cscs
        ]
        self.fields["month"].choices = month_choices(months, so_far=so_far)


class Ko41aYearForm(forms.Form):
    year = forms.ChoiceField(label="Financial year")

    def __init__(self, *args, years: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(label, label) for label in years]
        self.fields["year"].error_messages["invalid_choice"] = (
            f"Choose a financial year from {years[-1]} to {years[0]}, in the form YYYY-YY"
            if years
            else "The register holds no complaints yet"
        )


class AnnualReportForm(forms.Form):
    year = forms.ChoiceField(label="Year (1 April to 31 March)")

    def __init__(self, *args, years: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(label, label) for label in years]
        self.fields["year"].error_messages["invalid_choice"] = (
            f"Choose a year from {years[-1]} to {years[0]}: a report covers a year that has "
            "ended and that the register holds feedback for"
            if years
            else "The register holds no feedback for a year that has ended yet"
        )
