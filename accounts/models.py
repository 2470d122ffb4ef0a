from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """The portal's user; roles (representative, officer) are memberships, not user fields."""

    def __str__(self) -> str:
        return self.get_full_name() or self.email or self.username
