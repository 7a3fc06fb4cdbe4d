"""iacfix: fixes the mistakes language models make in Pulumi programs."""

__version__ = "0.1.0"
