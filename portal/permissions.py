from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404


def get_object_with_perm(request: HttpRequest, queryset: QuerySet, perm: str, **lookup) -> Model:
    """The object, if the user holds ``perm`` on it (rules in each app's rules.py).

    Everyone else gets a 404, so nobody learns that another tenant's object exists.
    """
    obj = get_object_or_404(queryset, **lookup)
    if not request.user.has_perm(perm, obj):
        raise Http404
    return obj
