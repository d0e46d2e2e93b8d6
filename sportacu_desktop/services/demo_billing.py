"""The demo clinic's billing: charted re-insertions, practice and provider details, fees."""

from sportacu_desktop.domain.billing import timed_units


def demo_reinsertions(contact_minutes: int, with_estim: bool) -> tuple[bool, ...]:
    """One re-insertion per further 15-minute block, as a practitioner charts them."""
    return (with_estim,) * max(0, timed_units(contact_minutes) - 1)
