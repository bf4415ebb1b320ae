"""PumpLink gateway: relays infusion orders, drug libraries and updates between the hospital and LVP-300 pumps."""

__version__ = "2.3.0"
