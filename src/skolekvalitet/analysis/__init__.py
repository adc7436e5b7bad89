"""Honest analysis: data sheets, the owner overview, profiles and the follow-up routine."""
