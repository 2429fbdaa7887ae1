"""Escalating a request to a complaint, and downloading the complaint with its annexes. Thin, like
the other tracking views: the owner check is the selector's 404, the rules are the service's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from privacyreq.tracking import selectors
from privacyreq.tracking.bundle_store import RETRY_AFTER, BundleBusy, complaint_bundle_open
from privacyreq.tracking.escalation import (
    complaint_authorities,
    complaint_to_initial,
    escalation_check,
    escalation_covers,
    request_escalate,
)
from privacyreq.tracking.forms import EscalateForm, authority_name
from privacyreq.tracking.transitions import TransitionRefused
from privacyreq.tracking.views import form_attempt


@login_required
@require_http_methods(["GET", "POST"])
def escalate(request, pk: int):
    item = selectors.request_get(owner=request.user, pk=pk)
    today = timezone.localdate()
    try:
        escalation_check(request=item, today=today)
    except TransitionRefused as error:
        refusal = str(error)
    else:
        refusal = ""
    # Not ``request.POST or None``: a POST with no choice at all is empty, and must still show
    # the error rather than an unbound form.
    data = request.POST if request.method == "POST" else None
    authorities = complaint_authorities(request=item)
    # The authority chosen before for this case (with the questionnaire's complaint, or at an
    # earlier escalation) is preselected: one complaint per case, to one authority.
    chosen = complaint_to_initial(request=item)
    form = EscalateForm(
        data,
        authorities=authorities,
        initial={"complaint_to": chosen} if chosen in authorities else None,
    )
    if (
        request.method == "POST"
        and not refusal
        and form.is_valid()
        and form_attempt(
            form,
            request_escalate,
            request=item,
            complaint_to=form.cleaned_data["complaint_to"],
            actor=request.user,
            today=today,
        )
    ):
        messages.success(
            request,
            # Translators: %(authority)s is the authority's name, with its short name in brackets.
            _(
                "The complaint to %(authority)s is drafted. Download it with its annexes, lodge "
                "it with the authority, then record the date you did."
            )
            % {"authority": authority_name(item.authority)},
        )
        return redirect("tracking:request", pk=item.pk)
    return render(
        request,
        "tracking/escalate.html",
        {
            "item": item,
            "form": form,
            "refusal": refusal,
            "covers": [] if refusal else escalation_covers(request=item, today=today),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def bundle(request, pk: int):
    """The kept bundle, streamed; built first when what it is made of has changed, unless too
    many are being built: then a page asking to try again in a minute (503, Retry-After)."""
    item = selectors.request_get(owner=request.user, pk=pk)
    if item.complaint_id is None:
        raise Http404("This request has no complaint.")
    try:
        handle = complaint_bundle_open(request=item)
    except FileNotFoundError:
        raise Http404("The complaint file is missing.") from None
    except BundleBusy:
        busy = render(request, "tracking/bundle_busy.html", {"item": item}, status=503)
        busy["Retry-After"] = str(RETRY_AFTER)
        return busy
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"complaint-bundle-{item.pk}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "no-store, private"
    return response
