"""Views of the profile: thin, reading through owned_by(user) so another member's record is 404."""
