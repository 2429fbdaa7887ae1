import pytest
from django.core.management import call_command


@pytest.fixture
def reference_data(db):
    """The shipped platforms and authorities, as `make run` loads them."""
    call_command("load_reference_data", verbosity=0)
