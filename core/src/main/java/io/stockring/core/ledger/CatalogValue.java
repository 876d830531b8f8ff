package io.stockring.core.ledger;

import net.openhft.chronicle.values.Group;
import net.openhft.chronicle.values.MaxUtf8Length;

/**
 * A catalog entry (an item or a location), keyed by its code.
 *
 * <p>Every field has its own {@code @Group}, numbered in layout order: within a group Chronicle
 * Values orders equal-sized fields by reflection order, which differs between JVMs, and a layout
 * that moves between runs reads another run's file wrong (found by the crash test).
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

    @Group(1)
    long getCreatedSeq();

    void setCreatedSeq(long seq);

    @Group(2)
    long getIdCheck();

    void setIdCheck(long check);

    @Group(3)
    long getSeq();

    void setSeq(long seq);

    @Group(4)
    int getKind();

    void setKind(int kind);

    @Group(5)
    long getParentId();

    void setParentId(long parentId);

    @Group(6)
    CharSequence getName();

    void setName(@MaxUtf8Length(600) CharSequence name);

    @Group(7)
    CharSequence getCategory();

    void setCategory(@MaxUtf8Length(200) CharSequence category);

    @Group(8)
    long getChecksum();

    void setChecksum(long checksum);
}
