"""Chart builders and colours, shared by the dashboard and the reports (neither depends on the other)."""
