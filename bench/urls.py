"""The app's URLs plus two yardsticks for the throughput section:

- ``/bench/trivial/``: the cheapest response Django can give through the same middleware;
- ``/bench/floor/``: the least any question page must do: read the visitor's session from the
  database and render the site's layout around a form with its CSRF token.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from privacyreq.urls import urlpatterns as app_urlpatterns


@require_GET
def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def floor(request):
    answered = len(request.session.get("questionnaire", {}).get("steps", {}))
    return render(request, "bench/floor.html", {"answered": answered})


urlpatterns = [
    path("bench/trivial/", trivial),
    path("bench/floor/", floor),
    *app_urlpatterns,
]
