# breaks: a blank table cell that does not say which table it is in.
# expect: Violation MinCount st:music roto:locator
DELETE DATA { st:music roto:locator ex:part-table }
