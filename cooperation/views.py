from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .models import CooperationKind, Instrument


def cooperation_forms(request: HttpRequest) -> HttpResponse:
    """The guide to light and targeted cooperation, each instrument with who uses it."""
    instruments = Instrument.objects.all()
    kinds = [
        (kind, [instrument for instrument in instruments if instrument.kind == kind])
        for kind in CooperationKind
    ]
    return render(request, "cooperation/cooperation_forms.html", {"kinds": kinds})
