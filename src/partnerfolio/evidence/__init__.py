"""Evidence recorded over a partnership's life: commitments, engagements, reviews, surveys, opportunities, outcomes."""
