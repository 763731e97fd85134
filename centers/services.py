"""The writes of the centers app. Each is one transaction."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centers.models import CenterProvince, ChineseProvince, SupportCenter


def _overlap_error(center: SupportCenter, provinces) -> ValidationError | None:
    """The clear refusal when another open center already covers one of the provinces."""
    taken = (
        CenterProvince.objects.filter(is_active=True, province__in=provinces)
        .exclude(center=center)
        .select_related("center")
        .order_by("province")
    )
    if not taken:
        return None
    return ValidationError(
        [
            _("%(province)s is already covered by %(center)s.")
            % {"province": ChineseProvince(row.province).label, "center": row.center.name}
            for row in taken
        ],
        code="jurisdiction_overlap",
    )


def _in_force(center: SupportCenter, provinces) -> None:
    """Make the rows of the jurisdiction count (or not) according to the center's status."""
    is_open = center.status == SupportCenter.Status.OPEN
    if is_open and (error := _overlap_error(center, provinces)):
        raise error
    try:
        with transaction.atomic():
            center.jurisdiction.update(is_active=is_open)
    except IntegrityError:
        # Another administrator took a province meanwhile: the constraint decided.
        raise _overlap_error(center, provinces) or ValidationError(
            _("Another center took one of these provinces meanwhile; try again.")
        ) from None


@transaction.atomic
def center_set_jurisdiction(*, center: SupportCenter, provinces: list[str]) -> None:
    """The provinces the center covers; refused, naming the other center, on overlap."""
    center.jurisdiction.exclude(province__in=provinces).delete()
    existing = set(center.jurisdiction.values_list("province", flat=True))
    CenterProvince.objects.bulk_create(
        CenterProvince(center=center, province=p) for p in provinces if p not in existing
    )
    _in_force(center, provinces)


@transaction.atomic
def center_set_status(*, center: SupportCenter, status: str) -> SupportCenter:
    """Open or close a center; its jurisdiction is in force exactly while it is open."""
    center = SupportCenter.objects.select_for_update().get(pk=center.pk)
    center.status = status
    today = timezone.localdate()
    if status == SupportCenter.Status.OPEN:
        center.opened_on = center.opened_on or today
        center.closed_on = None
    elif status == SupportCenter.Status.CLOSED:
        center.closed_on = today
    center.save(update_fields=["status", "opened_on", "closed_on"])
    _in_force(center, list(center.jurisdiction.values_list("province", flat=True)))
    return center
