# mkxlsx.py: writes the hand-made workbooks of tests/convert (types.xlsx,
# bad-*.xlsx) with Python's zipfile; run in tests/convert, then rename
# ok.xlsx to types.xlsx and the others to bad-NAME.xlsx. bomb.xlsx (40 MiB
# inflated) is made by the golden case itself, not kept.
import zipfile, sys
wb = '''<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'''
rels = '''<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>'''
sst = '''<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Stage</t></si><si><r><t>Act</t></r><r><t>ions</t></r></si></sst>'''
cases = {
 'ok': '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>A</t></is></c><c r="C1" t="str"><v>B</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><v>1.5</v></c><c r="C2" t="b"><v>1</v></c></row>',
 'row0': '<row r="0"><c r="A1" t="s"><v>0</v></c></row>',
 'rowhuge': '<row r="99999999"><c t="s"><v>0</v></c></row>',
 'refbad': '<row r="1"><c r="ZZZZ1" t="s"><v>0</v></c></row>',
 'sstoor': '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>99</v></c><c r="C1" t="s"><v>-1</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><v>x</v></c></row>',
 'colhuge': '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="XFD1" t="inlineStr"><is><t>Z</t></is></c></row>',
 'badxml': '<row r="1"><c r="A1"',
 'entity': '<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>',
}
for name, rows in cases.items():
    sheet = '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s</sheetData><mergeCells><mergeCell ref="B1:C1"/><mergeCell ref="A1"/><mergeCell ref="XFD1048576:A1"/></mergeCells></worksheet>' % rows
    with zipfile.ZipFile(name + '.xlsx', 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr('xl/workbook.xml', wb)
        z.writestr('xl/_rels/workbook.xml.rels', rels)
        z.writestr('xl/sharedStrings.xml', sst)
        z.writestr('xl/worksheets/sheet1.xml', sheet)
# a zip bomb-ish part and a missing part
with zipfile.ZipFile('nosheet.xlsx', 'w') as z:
    z.writestr('xl/workbook.xml', wb)
with zipfile.ZipFile('bomb.xlsx', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('xl/workbook.xml', wb); z.writestr('xl/_rels/workbook.xml.rels', rels)
    z.writestr('xl/worksheets/sheet1.xml', ' ' * (40 * 1024 * 1024))
