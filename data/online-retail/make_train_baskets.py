"""Writes train-baskets.tsv: every TRAINING basket of every customer, one row per basket x product.

Same cleaning and split as train.tsv/test.tsv and make_train_dated.py (see data/README.md): customer present,
quantity > 0, price > 0, not cancelled, stock codes upper-cased and starting with a digit; a basket is one invoice
ordered by (date, invoice); a customer's last basket is the test and is left out here (a single-basket customer
keeps it). Columns: customer_id, stock_code, basket (1, 2, ... in time order per customer), date (yyyy-MM-dd of
the invoice). Aggregated per customer x product (count of baskets, last date) it is exactly train-dated.tsv; the
script checks that. Usage: python3 make_train_baskets.py
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

aggregate = {}  # (customer, code) -> (n_baskets, last date), to check against train-dated.tsv
with open(HERE / 'train-baskets.tsv', 'w') as out:
    out.write('customer_id\tstock_code\tbasket\tdate\n')
    for customer in sorted(rows):
        invoice_date, items = {}, collections.defaultdict(set)
        for date, invoice, code in rows[customer]:
            invoice_date[invoice] = min(invoice_date.get(invoice, date), date)
            items[invoice].add(code)
        invoices = sorted(invoice_date, key=lambda i: (invoice_date[i], i))
        training = invoices[:-1] if len(invoices) >= 2 else invoices
        for number, invoice in enumerate(training, 1):
            day = invoice_date[invoice][:10]
            for code in sorted(items[invoice]):
                out.write(f'{customer}\t{code}\t{number}\t{day}\n')
                n, last = aggregate.get((customer, code), (0, ''))
                aggregate[(customer, code)] = (n + 1, max(last, day))

with open(HERE / 'train-dated.tsv') as f:
    next(f)
    dated = {}
    for line in f:
        customer, code, n, last = line.rstrip('\n').split('\t')
        dated[(customer, code)] = (int(n), last)
assert dated == aggregate, 'train-baskets.tsv does not aggregate to train-dated.tsv'
print(f'train-baskets.tsv: {sum(n for n, _ in aggregate.values())} rows, {len(aggregate)} customer x product pairs, '
      f'{len({c for c, _ in aggregate})} customers; aggregates exactly to train-dated.tsv')
