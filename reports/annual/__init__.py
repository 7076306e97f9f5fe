"""The annual complaints report (Regulation 18 of the 2009 Complaints Regulations): the year's
figures as a snapshot (figures), what the report says about them (sections), the CSV (export),
and asking for, building and handing out the report (services)."""
