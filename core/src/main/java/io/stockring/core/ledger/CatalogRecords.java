package io.stockring.core.ledger;

import java.lang.invoke.VarHandle;

/** Write and check rules of {@link CatalogValue} records (see its Javadoc for why the split). */
final class CatalogRecords
{
    private CatalogRecords()
    {
    }

    static boolean isIdValid(final CatalogValue v)
    {
        return v.getId() > 0 && v.getIdCheck() == idCheck(v.getId(), v.getCreatedSeq());
    }

    static boolean isAttributesValid(final CatalogValue v)
    {
        return v.getSeq() > 0 && v.getChecksum() == attributesChecksum(v);
    }

    static void writeId(final CatalogValue v, final long id, final long seq)
    {
        v.setIdCheck(0);
        VarHandle.storeStoreFence();
        v.setId(id);
        v.setCreatedSeq(seq);
        VarHandle.storeStoreFence();
        v.setIdCheck(idCheck(id, seq));
    }

    static void writeAttributes(final CatalogValue v, final long seq, final String name, final String category,
        final int kind, final int parentId)
    {
        v.setChecksum(0);
        VarHandle.storeStoreFence();
        v.setSeq(seq);
        v.setName(name);
        v.setCategory(category);
        v.setKind(kind);
        v.setParentId(parentId);
        VarHandle.storeStoreFence();
        v.setChecksum(attributesChecksum(v));
    }

    private static long idCheck(final long id, final long seq)
    {
        return Checksums.finish(Checksums.add(Checksums.add(Checksums.start(), id), seq));
    }

    private static long attributesChecksum(final CatalogValue v)
    {
        long h = Checksums.start();
        h = Checksums.add(h, v.getSeq());
        h = Checksums.add(h, v.getKind());
        h = Checksums.add(h, v.getParentId());
        h = Checksums.add(h, hash(v.getName()));
        h = Checksums.add(h, hash(v.getCategory()));
        return Checksums.finish(h);
    }

    private static long hash(final CharSequence s)
    {
        if (s == null)
        {
            return -1;
        }
        long h = 1125899906842597L;
        for (int i = 0; i < s.length(); i++)
        {
            h = 31 * h + s.charAt(i);
        }
        return h;
    }
}
