from django import forms


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class LoginForm(_Form):
    # Named "login" like allauth's form: axes reads the e-mail from this field.
    login = forms.EmailField(
        label="E-mail address",
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class SetPasswordForm(_Form):
    first_name = forms.CharField(label="First name", max_length=150, required=False)
    last_name = forms.CharField(label="Last name", max_length=150, required=False)
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", "The two passwords differ.")
        return data


class SearchForm(_Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[
            ("deadline", "Deadline"),
            ("status", "Status"),
            ("value", "Value"),
            ("newest", "Newest"),
        ],
    )


class ReasonForm(_Form):
    reason = forms.CharField(
        label="Reason", max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class MessageForm(_Form):
    body = forms.CharField(
        label="Message", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CompleteForm(_Form):
    photos = forms.FileField(
        label="Photos (optional)",
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"allow_multiple_selected": True, "accept": "image/*"}
        ),
    )


class FileForm(_Form):
    """A file the workshop adds to its purchase order (photos, drawings, anything else)."""

    KINDS = [("photo", "Photo"), ("cad", "CAD drawing"), ("other", "Other")]

    kind = forms.ChoiceField(label="Kind", choices=KINDS)
    title = forms.CharField(label="Title", max_length=160)
    file = forms.FileField(label="File")


class ProfileForm(_Form):
    street = forms.CharField(max_length=200, required=False)
    postcode = forms.CharField(max_length=20, required=False)
    city = forms.CharField(max_length=80, required=False)
    email = forms.EmailField(required=False)
    phone = forms.CharField(max_length=40, required=False)
    lead_time_days = forms.IntegerField(label="Lead time (days)", min_value=1, max_value=365)
    capabilities = forms.CharField(max_length=300, required=False)


class ContactForm(_Form):
    name = forms.CharField(max_length=120)
    email = forms.EmailField(required=False)
    phone = forms.CharField(max_length=40, required=False)
    role = forms.CharField(max_length=80, required=False)
    is_primary = forms.BooleanField(required=False)


class TokenForm(_Form):
    name = forms.CharField(label="Token name", max_length=80)
