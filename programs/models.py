from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class BilingualName:
    """For models with `name_ko` and `name_en`: `name` follows the page's language.

    Put it before models.Model in the bases, so that its __str__ wins.
    """

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "ko").startswith("en") else self.name_ko

    def __str__(self):
        return self.name


class SectorQuerySet(models.QuerySet):
    def areas(self):
        return self.filter(parent__isnull=True)

    def focus_areas(self):
        """The areas the 2023 package singles out for support."""
        return self.areas().filter(is_focus=True)


class Sector(BilingualName, models.Model):
    """A two-level taxonomy: areas (no parent) and the industries within them."""

    name_ko = models.CharField(_("name (Korean)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    is_focus = models.BooleanField(
        _("focus area"),
        default=False,
        help_text=_("Areas (and their industries) that the support package focuses on."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = SectorQuerySet.as_manager()

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["position", "code"]
