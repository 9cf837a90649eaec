"""Who the member is: personal details (theirs to edit) and membership (staff keep it)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from careermanager.core.models import OwnedModel, OwnedQuerySet
from careermanager.profiles.models.base import check_dates


class PersonalDetails(OwnedModel):
    """Name, address and contact details, as the member wants them on a CV."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_details"
    )
    title = models.CharField(max_length=30, blank=True, help_text="For example Dr, Mr, Ms, Mx")
    first_name = models.CharField("first name", max_length=100, blank=True)
    last_name = models.CharField("last name", max_length=100, blank=True)
    preferred_name = models.CharField(
        "preferred name",
        max_length=100,
        blank=True,
        help_text="The name you would like people to use, if different from your first name.",
    )
    address_line_1 = models.CharField("address line 1", max_length=200, blank=True)
    address_line_2 = models.CharField("address line 2", max_length=200, blank=True)
    address_line_3 = models.CharField("address line 3", max_length=200, blank=True)
    town = models.CharField("town or city", max_length=100, blank=True)
    postcode = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=100, blank=True)
    phone = models.CharField("telephone", max_length=40, blank=True)
    contact_email = models.EmailField(
        "contact email",
        blank=True,
        help_text="Only if you want a different address on your CV from the one you log in with.",
    )

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = "personal details"
        verbose_name_plural = "personal details"

    def __str__(self) -> str:
        return self.full_name or f"Personal details of {self.owner_id}"

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    @property
    def address_lines(self) -> list[str]:
        parts = (
            self.address_line_1,
            self.address_line_2,
            self.address_line_3,
            self.town,
            self.postcode,
            self.country,
        )
        return [part for part in parts if part]


class MembershipDetails(OwnedModel):
    """The member's grade and registration, kept by the institution's staff."""

    class Grade(models.TextChoices):
        STUDENT = "student", "Student"
        APPRENTICE = "apprentice", "Apprentice"
        ASSOCIATE = "associate", "Associate"
        TECHNICIAN = "technician", "Technician"
        MEMBER = "member", "Member"
        FELLOW = "fellow", "Fellow"
        HONORARY_FELLOW = "honorary_fellow", "Honorary Fellow"

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership_details"
    )
    membership_number = models.CharField("membership number", max_length=30, blank=True)
    grade = models.CharField("membership grade", max_length=20, choices=Grade, blank=True)
    registration_titles = models.CharField(
        "registration and post-nominal titles",
        max_length=100,
        blank=True,
        help_text="As they appear after the member's name, for example CEng MIET.",
    )
    member_since = models.DateField("date joined", null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The member of staff who last changed these details.",
    )

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = "membership details"
        verbose_name_plural = "membership details"
        constraints = [
            models.UniqueConstraint(
                fields=["membership_number"],
                condition=~Q(membership_number=""),
                name="profiles_membership_number_unique",
                violation_error_message="Another member already has this membership number.",
            ),
        ]

    def __str__(self) -> str:
        return self.membership_number or f"Membership of {self.owner_id}"

    def clean(self):
        super().clean()
        check_dates(self, not_future=("member_since",))
