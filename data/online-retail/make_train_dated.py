"""Writes train-dated.tsv: train.tsv's customer x product pairs and basket counts plus the last purchase date.

Same cleaning and split as train.tsv/test.tsv (see data/README.md): customer present, quantity > 0, price > 0,
not cancelled, stock codes upper-cased and starting with a digit; a basket is one invoice ordered by
(date, invoice); a customer's last basket is the test and is left out here. Usage: python3 make_train_dated.py
"""
import collections
import csv
import gzip
import pathlib

HERE = pathlib.Path(__file__).parent

rows = collections.defaultdict(list)  # customer -> [(date, invoice, code)]
with gzip.open(HERE / 'online_retail.csv.gz', 'rt', encoding='utf-8', errors='replace') as f:
    for r in csv.DictReader(f):
        customer = r['CustomerID'].strip()
        if not customer or r['InvoiceNo'].startswith('C'):
            continue
        try:
            quantity, price = int(r['Quantity']), float(r['UnitPrice'])
        except ValueError:
            continue
        code = r['StockCode'].strip().upper()
        if quantity <= 0 or price <= 0 or not code[:1].isdigit():
            continue
        customer = customer[:-2] if customer.endswith('.0') else customer
        rows[customer].append((r['InvoiceDate'], r['InvoiceNo'], code))

with open(HERE / 'train-dated.tsv', 'w') as out:
    out.write('customer_id\tstock_code\tn_baskets\tlast_purchase\n')
    for customer in sorted(rows):
        invoice_date, items = {}, collections.defaultdict(set)
        for date, invoice, code in rows[customer]:
            invoice_date[invoice] = min(invoice_date.get(invoice, date), date)
            items[invoice].add(code)
        invoices = sorted(invoice_date, key=lambda i: (invoice_date[i], i))
        training = invoices[:-1] if len(invoices) >= 2 else invoices
        baskets, last = collections.Counter(), {}
        for invoice in training:
            for code in items[invoice]:
                baskets[code] += 1
                last[code] = max(last.get(code, ''), invoice_date[invoice][:10])
        for code in sorted(baskets):
            out.write(f'{customer}\t{code}\t{baskets[code]}\t{last[code]}\n')
