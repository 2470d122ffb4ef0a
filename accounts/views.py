from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """'My account': the enterprises and municipalities the person acts for, and requests."""
    context = {
        "representatives": request.user.representatives.select_related("enterprise").order_by(
            "enterprise__sort_name"
        ),
        "officers": request.user.officers.select_related("municipality").order_by(
            "municipality__sort_name"
        ),
    }
    return render(request, "accounts/dashboard.html", context)
