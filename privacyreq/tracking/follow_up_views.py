"""Writing a follow-up letter for a request, and re-dating a letter to the day it was sent. Thin:
the owner check is the selector's 404, the rules are ``follow_ups``'."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from privacyreq.letters.kinds import DocumentKind
from privacyreq.tracking import selectors
from privacyreq.tracking.follow_ups import follow_up_create, letter_redate
from privacyreq.tracking.forms import MarkSentForm, RedateForm
from privacyreq.tracking.transitions import TransitionRefused


@login_required
@require_POST
def follow_up(request, pk: int, kind: str):
    item = selectors.request_get(owner=request.user, pk=pk)
    try:
        created = follow_up_create(
            request=item, kind=kind, actor=request.user, today=timezone.localdate()
        )
    except TransitionRefused as error:
        messages.error(request, str(error))
        return redirect("tracking:request", pk=item.pk)
    if kind == DocumentKind.REMINDER:
        text = _("Your reminder is written. Download it, send it, then mark it as sent.")
    else:
        text = _("Your reply letter is written. Download it, send it, then mark it as sent.")
    messages.success(request, text)
    return redirect("tracking:request", pk=created.pk)


@login_required
@require_POST
def redate(request, pk: int):
    item = selectors.request_get(owner=request.user, pk=pk)
    form = RedateForm(request.POST)
    if form.is_valid():
        on = form.cleaned_data["on"]
        try:
            letter_redate(request=item, on=on, actor=request.user, today=timezone.localdate())
        except TransitionRefused as error:
            form.add_error("on", str(error))
        else:
            messages.success(
                request,
                # Translators: %(day)s: the letter's new date.
                _(
                    "The letter is now dated %(day)s. Download it again if you keep a copy, then "
                    "mark it as sent."
                )
                % {"day": date_format(on, "DATE_FORMAT")},
            )
            return redirect("tracking:mark_sent", pk=item.pk)
    return render(
        request,
        "tracking/mark_sent.html",
        {"item": item, "form": MarkSentForm(), "redate_form": form},
        status=400,
    )
