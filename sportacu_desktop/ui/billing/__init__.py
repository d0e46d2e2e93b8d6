"""The front desk's billing screens: the day sheet, a visit's billing, payments, superbills."""
