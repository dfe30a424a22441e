"""What the bot keeps to recommend unasked: digest subscriptions and what each shelf or digest showed."""
from core.personal.base import PersonalStore, Subscription, stamp

__all__ = ["PersonalStore", "Subscription", "stamp"]
