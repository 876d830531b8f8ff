package io.stockring.ledger;

import net.openhft.chronicle.values.Group;
import net.openhft.chronicle.values.MaxUtf8Length;

/**
 * A catalog entry (an item or a location), keyed by its code.
 *
 * <p>{@code id}, {@code createdSeq} and {@code idCheck} are written once when the entry is
 * created and never again, so a torn attribute update can never lose the numeric id that stock
 * entries are keyed by. The attributes are covered by {@code checksum}, written last.
 */
public interface CatalogValue
{
    @Group(0)
    long getId();

    void setId(long id);

    @Group(0)
    long getCreatedSeq();

    void setCreatedSeq(long seq);

    @Group(0)
    long getIdCheck();

    void setIdCheck(long check);

    @Group(1)
    long getSeq();

    void setSeq(long seq);

    @Group(1)
    int getKind();

    void setKind(int kind);

    @Group(1)
    long getParentId();

    void setParentId(long parentId);

    @Group(1)
    CharSequence getName();

    void setName(@MaxUtf8Length(600) CharSequence name);

    @Group(1)
    CharSequence getCategory();

    void setCategory(@MaxUtf8Length(200) CharSequence category);

    @Group(2)
    long getChecksum();

    void setChecksum(long checksum);
}
