from django.http import Http404


def request_ics(request, pk):  # placeholder, replaced by the calendar work
    raise Http404


def feed(request, token):  # placeholder, replaced by the calendar work
    raise Http404
