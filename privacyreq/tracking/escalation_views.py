from django.http import Http404


def escalate(request, pk):  # placeholder, replaced by the escalation work
    raise Http404


def bundle(request, pk):  # placeholder, replaced by the escalation work
    raise Http404
