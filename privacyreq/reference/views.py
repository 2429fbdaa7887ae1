from django.http import Http404
from django.shortcuts import render

from privacyreq.reference.selectors import platform_get, platform_list


def home(request):
    return render(request, "reference/home.html", {"platforms": platform_list()})


def platform_detail(request, slug: str):
    platform = platform_get(slug=slug)
    if platform is None:
        raise Http404("No such platform")
    return render(request, "reference/platform_detail.html", {"platform": platform})
