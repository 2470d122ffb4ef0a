from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """'My account': what the signed-in person can do, by role."""
    return render(request, "accounts/dashboard.html", {})
