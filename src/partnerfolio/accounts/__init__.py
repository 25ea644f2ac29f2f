"""People who use Partnerfolio."""
