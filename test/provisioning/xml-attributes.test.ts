import { describe, expect, it } from 'vitest';
import { readXmlElements } from '../../src/provisioning/xml-attributes.js';

const refusal = (text: string) => {
  const read = readXmlElements(text, 'site.cfg');
  return 'error' in read ? read.error : undefined;
};

describe('the XML attribute reader', () => {
  it('reads attributes anywhere in the tree, with entities, character references and lines', () => {
    const read = readXmlElements(
      '\uFEFF<?xml version="1.0"?>\n<!-- a comment with <tags> -->\n<a x="1">\n  <b y=\'&lt;&amp;&gt;&quot;&apos;\'\n     z="&#233;&#x41;"/>\n  text &amp; more\n</a>\n',
      'site.cfg',
    );
    expect(read).toEqual({
      ok: [
        { name: 'a', line: 3, depth: 0, attributes: [{ name: 'x', value: '1', line: 3 }] },
        { name: 'b', line: 4, depth: 1, attributes: [{ name: 'y', value: '<&>"\'', line: 4 }, { name: 'z', value: 'éA', line: 5 }] },
      ],
    });
  });

  it.each([
    ['<a>\n<b>\n</a>', 3, '</a> where </b> was expected'],
    ['<a x="1" x="2"/>', 1, 'attribute x is given twice in <a>'],
    ['<a x=1/>', 1, 'the value of x must be quoted'],
    ['<a>\n <b x="&nbsp;"/></a>', 2, 'unknown entity &nbsp; (XML knows &amp; &lt; &gt; &quot; &apos; and &#N;)'],
    ['<a>\nR&D\n</a>', 2, '& that starts no entity (write &amp;)'],
    ['<a/>\n<b/>', 2, 'a second root element (a document has one)'],
    ['<!DOCTYPE a>\n<a/>', 1, 'a DOCTYPE or declaration is not read in provisioning files'],
    ['<a><![CDATA[x]]></a>', 1, 'CDATA sections are not read in provisioning files'],
    ['<a>\n\n<b/>', 3, '<a> is not closed at the end of the file'],
    ['hello <a/>', 1, 'text outside the root element'],
    ['', 1, 'no element: not an XML document'],
    ['<a x="<"/>', 1, '< in the value of x (write &lt;)'],
    ['<a/><?xml version="1.0"?>', 1, 'the <?xml ?> declaration comes before the first element'],
  ])('refuses %j at line %i: %s', (text, line, reason) => {
    expect(refusal(text)).toEqual({ file: 'site.cfg', line, reason });
  });
});
