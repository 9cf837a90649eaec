"""What staff confirming receipt of an application tell the member to send separately."""

SEND_SEPARATELY = [
    "Verified copies of your degree certificates",
    "Your current development action plan",
    "The application fee",
]
