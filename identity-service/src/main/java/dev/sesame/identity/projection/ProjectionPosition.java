package dev.sesame.identity.projection;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The next offset a projection will read from one partition, committed with the state it produced. */
@Entity
@Table(name = "projection_position")
public class ProjectionPosition {

    /** {@code <projection>:<topic>:<partition>}. */
    @Id
    public String id;

    @Column(nullable = false)
    public String projection;

    @Column(nullable = false)
    public String topic;

    public int partitionNumber;

    public long nextOffset;
}
