"""A demo portfolio to explore Partnerfolio with: `demo_documents(as_of)`."""

from partnerfolio.demo.portfolio import demo_documents

__all__ = ["demo_documents"]
