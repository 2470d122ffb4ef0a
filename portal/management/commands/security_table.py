from django.conf import settings
from django.core.management.base import BaseCommand

from portal.policy import with_security_table


class Command(BaseCommand):
    help = "Write who may do what (portal/policy.py) into README's Security section."

    def handle(self, *args, **options):
        readme = settings.BASE_DIR / "README.md"
        text = readme.read_text(encoding="utf-8")
        updated = with_security_table(text)
        if updated == text:
            self.stdout.write("README's security table is up to date.")
            return
        readme.write_text(updated, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS("README's security table rewritten."))
