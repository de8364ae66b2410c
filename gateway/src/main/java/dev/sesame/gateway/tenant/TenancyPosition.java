package dev.sesame.gateway.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The next offset the tenancy projection reads from one partition, committed with the tenant tables it produced. */
@Entity
@Table(name = "tenancy_position")
public class TenancyPosition {

    /** {@code <topic>:<partition>}. */
    @Id
    public String id;

    @Column(nullable = false)
    public String topic;

    public int partitionNumber;

    public long nextOffset;
}
