import secrets

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand

from accounts.models import User

USERNAME = "admin"
EMAIL = "admin@kopa.example"


class Command(BaseCommand):
    help = "Create the demo administrator once and print its login; later runs change nothing."

    def handle(self, *args, **options):
        if User.objects.filter(username=USERNAME).exists():
            self.stdout.write(
                f"Demo administrator {EMAIL} exists. Forgot the password? "
                f"python manage.py changepassword {USERNAME}"
            )
            return
        password = secrets.token_urlsafe(12)
        user = User.objects.create_superuser(username=USERNAME, email=EMAIL, password=password)
        # Logins go through allauth, which lets only verified addresses in.
        EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo administrator created: {EMAIL}, password '{password}' "
                "(shown only this once) at http://127.0.0.1:8000/admin/"
            )
        )
