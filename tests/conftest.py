import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Test overrides: mail stays in memory, static files need no manifest."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Static files come from the finders, so tests need no collectstatic.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Admin pages are tested for what they do; tests/test_mfa.py turns on the production rule
    # that administrators need two-factor authentication first.
    settings.KOPA_REQUIRE_ADMIN_MFA = False


@pytest.fixture(autouse=True)
def _latvian_by_default():
    """Each test starts in Latvian: a request to /en/ leaves English active in the thread,
    which would otherwise leak into the next test's reverse() and messages."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
