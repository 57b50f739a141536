"""Reading records as a person would: tables, a page per article, a static report site."""
