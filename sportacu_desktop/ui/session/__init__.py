"""Who is at the keyboard: sign-in, the clinic owner's first account, sign-out, the idle lock."""
