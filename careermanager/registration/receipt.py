"""What the member sends the institution apart from the online application.

Staff confirming receipt (``applications.application_receive``) email the member this list,
and the staff's page of the application shows it beside the button, so both read the same
words. The online application cannot carry these: certificates must be verified copies, the
action plan goes on changing after the application is sent, and the fee is paid, not uploaded.
"""

SEND_SEPARATELY = [
    "Verified copies of your degree certificates",
    "A copy of your current development action plan",
    "Payment of the application fee",
]
