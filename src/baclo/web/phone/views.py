"""The Reminders page (calendar address, QR code, .ics download, e-mail settings), the feed,
and the Stock page (tablets at home, days left)."""

from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baclo.errors import FieldError, ValidationError
from baclo.protocols.stock import MAX_TABLETS, RUN_OUT_WARNING_DAYS, StockCode
from baclo.web.care.services import patient_tablets
from baclo.web.journal.services import local_today
from baclo.web.pages import patient_required
from baclo.web.phone import reminders, stock
from baclo.web.phone.forms import ReminderForm
from baclo.web.phone.models import CalendarFeed, ReminderSettings
from baclo.web.wording import error_message

ICS_TYPE = "text/calendar; charset=utf-8"
STOCK_FIELDS = (
    ("boxes", gettext_lazy("Full boxes")),
    ("per_box", gettext_lazy("Tablets per box")),
    ("loose", gettext_lazy("Loose tablets")),
)


def qr_svg(text: str, title: str) -> str:
    """A QR code of ``text`` as inline SVG (drawn on the server: no script, no CDN)."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(
        buffer,
        kind="svg",
        scale=5,
        border=2,
        xmldecl=False,
        svgns=True,
        title=title,
        dark="#1b2530",
        light="#ffffff",
        svgclass="qr",
    )
    return buffer.getvalue().decode()


def _feed_urls(request: HttpRequest, feed: CalendarFeed) -> dict[str, str]:
    https = request.build_absolute_uri(reverse("phone:feed", args=[feed.token]))
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


@patient_required
@require_http_methods(["GET", "POST"])
def page(request: HttpRequest) -> HttpResponseBase:
    """Reminders: subscribe in a calendar app, download the plan, e-mails at intake times."""
    patient = request.user
    settings = ReminderSettings.objects.filter(patient=patient).first()
    initial = {
        "email_enabled": settings is not None and settings.email_enabled,
        "minutes_before": 0 if settings is None else settings.minutes_before,
        "email": patient.email,
    }
    form = ReminderForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ReminderSettings.objects.update_or_create(
            patient=patient,
            defaults={
                "email_enabled": form.cleaned_data["email_enabled"],
                "minutes_before": form.cleaned_data["minutes_before"],
            },
        )
        if form.cleaned_data["email"] and form.cleaned_data["email"] != patient.email:
            patient.email = form.cleaned_data["email"]
            patient.save(update_fields=["email"])
        messages.success(request, _("Your reminder settings are saved."))
        return redirect("phone:reminders")
    feed = CalendarFeed.objects.filter(patient=patient).first()
    context = {"form": form, "feed": feed}
    if feed is not None:
        urls = _feed_urls(request, feed)
        context |= {
            "urls": urls,
            "qr": mark_safe(qr_svg(urls["webcal"], _("QR code of my calendar address"))),
        }
    return render(request, "phone/reminders.html", context)


@patient_required
@require_POST
def new_feed(request: HttpRequest) -> HttpResponseBase:
    had = CalendarFeed.objects.filter(patient=request.user).exists()
    reminders.create_feed(request.user)
    if had:
        messages.success(request, _("New address made: the previous one no longer works."))
    return redirect(reverse("phone:reminders") + "#calendar")


@patient_required
@require_POST
def revoke_feed(request: HttpRequest) -> HttpResponseBase:
    if reminders.revoke_feed(request.user):
        messages.success(
            request,
            _(
                "Your calendar address no longer works. Remove the calendar from your "
                "calendar app too."
            ),
        )
    return redirect(reverse("phone:reminders") + "#calendar")


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private calendar feed: no login (calendar apps cannot log in), the token is the key."""
    patient = reminders.feed_owner(token)
    if patient is None:
        raise Http404("no such calendar")
    response = HttpResponse(
        reminders.patient_calendar(patient, local_today()), content_type=ICS_TYPE
    )
    response["Cache-Control"] = "private, max-age=900"
    return response


@patient_required
@require_GET
def download(request: HttpRequest) -> HttpResponse:
    """The same calendar as a one-off file, for a calendar app that cannot subscribe."""
    response = HttpResponse(
        reminders.patient_calendar(request.user, local_today()), content_type=ICS_TYPE
    )
    response["Content-Disposition"] = 'attachment; filename="baclo-intakes.ics"'
    return response


@patient_required
@require_http_methods(["GET", "POST"])
def stock_page(request: HttpRequest) -> HttpResponseBase:
    """My tablets: what I have now, and how long it lasts at my plan's coming doses."""
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            stock.record_count(request.user, request.POST, now=timezone.now())
        except ValidationError as error:
            for item in error.errors:
                errors.setdefault(item.field.replace(".", "-"), []).append(stock_message(item))
        else:
            messages.success(request, _("Your tablets are counted."))
            return redirect("phone:stock")
    values = request.POST if request.method == "POST" else {}
    rows = [
        {
            "strength_mg": strength,
            "errors": errors.get(stock.field_prefix(strength), []),
            "fields": [
                {
                    "name": f"{stock.field_prefix(strength)}-{leaf}",
                    "label": label,
                    "value": values.get(f"{stock.field_prefix(strength)}-{leaf}", ""),
                    "errors": errors.get(f"{stock.field_prefix(strength)}-{leaf}", []),
                }
                for leaf, label in STOCK_FIELDS
            ],
        }
        for strength in patient_tablets(request.user).strengths_mg
    ]
    context = {
        "rows": rows,
        "has_errors": bool(errors),
        "status": stock.stock_status(request.user, local_today()),
        "warning_days": RUN_OUT_WARNING_DAYS,
    }
    return render(request, "phone/stock.html", context, status=422 if errors else 200)


def stock_message(error: FieldError) -> str:
    """The page's message for a count the core refused, from its machine code."""
    return {
        StockCode.NEGATIVE: _("Enter 0 or more."),
        StockCode.TOO_MANY: _("At most %(max)s tablets.")
        % {"max": number_format(MAX_TABLETS, force_grouping=True)},
        StockCode.NOT_A_NUMBER: _("Enter a number."),
        StockCode.NOT_HALF: _("Whole boxes, and tablets by halves at most."),
    }.get(error.code) or error_message(error)
