from django import forms

from notifications.kinds import kinds_for
from notifications.models import Channel, Preference


class PreferencesForm(forms.Form):
    """One choice per kind of notification the user may receive."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        chosen = dict(Preference.objects.filter(user=user).values_list("kind", "channel"))
        for kind in kinds_for(user):
            self.fields[kind.code] = forms.ChoiceField(
                label=kind.label,
                choices=Channel.choices,
                initial=chosen.get(kind.code, kind.default),
                widget=forms.RadioSelect,
            )

    def save(self) -> None:
        for code, channel in self.cleaned_data.items():
            Preference.objects.update_or_create(
                user=self.user, kind=code, defaults={"channel": channel}
            )
