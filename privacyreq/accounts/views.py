from django.http import Http404


def settings_page(request):  # placeholder
    raise Http404


reminders = calendar = export = delete = settings_page
