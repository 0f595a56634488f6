"""the risk register: risk points, assessments, sources, control measures

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 01:50:12.048454
"""
import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString etc.)
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('risk_point',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('analysis_object', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('responsible', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('method', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('factor_l', sa.Float(), nullable=False),
    sa.Column('factor_e', sa.Float(), nullable=True),
    sa.Column('factor_c', sa.Float(), nullable=True),
    sa.Column('factor_s', sa.Integer(), nullable=True),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('grade', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('control_level', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('assessed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.CheckConstraint("control_level IN ('company', 'workshop', 'team', 'post')", name=op.f('ck_risk_point_control_level')),
    sa.CheckConstraint("grade IN ('major', 'considerable', 'general', 'low')", name=op.f('ck_risk_point_grade')),
    sa.CheckConstraint("kind IN ('equipment', 'area', 'operation', 'post')", name=op.f('ck_risk_point_kind')),
    sa.CheckConstraint("method IN ('lec', 'ls')", name=op.f('ck_risk_point_method')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['org_unit.id'], name=op.f('fk_risk_point_enterprise_id_org_unit')),
    sa.ForeignKeyConstraint(['org_id'], ['org_unit.id'], name=op.f('fk_risk_point_org_id_org_unit')),
    sa.ForeignKeyConstraint(['responsible'], ['person.login'], name=op.f('fk_risk_point_responsible_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_point')),
    sa.UniqueConstraint('enterprise_id', 'code', name=op.f('uq_risk_point_enterprise_id_code')),
    sa.UniqueConstraint('uuid', name=op.f('uq_risk_point_uuid'))
    )
    with op.batch_alter_table('risk_point', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_point_enterprise_id_grade'), ['enterprise_id', 'grade'], unique=False)
        batch_op.create_index(batch_op.f('ix_risk_point_org_id_grade'), ['org_id', 'grade'], unique=False)

    op.create_table('risk_assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('risk_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('method', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('factor_l', sa.Float(), nullable=False),
    sa.Column('factor_e', sa.Float(), nullable=True),
    sa.Column('factor_c', sa.Float(), nullable=True),
    sa.Column('factor_s', sa.Integer(), nullable=True),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('grade', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('variant', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
    sa.Column('rules_version', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("grade IN ('major', 'considerable', 'general', 'low')", name=op.f('ck_risk_assessment_grade')),
    sa.CheckConstraint("method IN ('lec', 'ls')", name=op.f('ck_risk_assessment_method')),
    sa.ForeignKeyConstraint(['risk_id'], ['risk_point.id'], name=op.f('fk_risk_assessment_risk_id_risk_point')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_assessment'))
    )
    with op.batch_alter_table('risk_assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_assessment_risk_id'), ['risk_id'], unique=False)

    op.create_table('risk_source',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('risk_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['risk_id'], ['risk_point.id'], name=op.f('fk_risk_source_risk_id_risk_point')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_source')),
    sa.UniqueConstraint('uuid', name=op.f('uq_risk_source_uuid'))
    )
    with op.batch_alter_table('risk_source', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_source_risk_id'), ['risk_id'], unique=False)

    op.create_table('control_measure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uuid', sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
    sa.Column('risk_id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('type', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('owner', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('classify1', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=True),
    sa.Column('classify2', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
    sa.Column('control', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('check_content', sa.Text(), nullable=True),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.CheckConstraint("control IN ('monitoring', 'inspection')", name=op.f('ck_control_measure_control')),
    sa.CheckConstraint("type IN ('engineering', 'management', 'training', 'ppe', 'emergency')", name=op.f('ck_control_measure_type')),
    sa.ForeignKeyConstraint(['owner'], ['person.login'], name=op.f('fk_control_measure_owner_person')),
    sa.ForeignKeyConstraint(['risk_id'], ['risk_point.id'], name=op.f('fk_control_measure_risk_id_risk_point')),
    sa.ForeignKeyConstraint(['source_id'], ['risk_source.id'], name=op.f('fk_control_measure_source_id_risk_source')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_control_measure')),
    sa.UniqueConstraint('uuid', name=op.f('uq_control_measure_uuid'))
    )
    with op.batch_alter_table('control_measure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_control_measure_risk_id'), ['risk_id'], unique=False)

    # The foreign keys are rendered inline (ALTER TABLE ADD COLUMN ... REFERENCES), so SQLite adds
    # the columns in place: recreating hazard in a batch copy fails under foreign_keys=ON as soon
    # as extension or attachment rows point at it (DROP TABLE hazard).
    with op.batch_alter_table('hazard', schema=None) as batch_op:
        batch_op.add_column(sa.Column('risk_id', sa.Integer(), sa.ForeignKey(
            'risk_point.id', name=op.f('fk_hazard_risk_id_risk_point')), nullable=True),
            inline_references=True)
        batch_op.add_column(sa.Column('measure_id', sa.Integer(), sa.ForeignKey(
            'control_measure.id', name=op.f('fk_hazard_measure_id_control_measure')), nullable=True),
            inline_references=True)
        batch_op.create_index(batch_op.f('ix_hazard_risk_id'), ['risk_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('hazard', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_hazard_risk_id_risk_point'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_hazard_measure_id_control_measure'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_hazard_risk_id'))
        batch_op.drop_column('measure_id')
        batch_op.drop_column('risk_id')

    with op.batch_alter_table('control_measure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_control_measure_risk_id'))

    op.drop_table('control_measure')
    with op.batch_alter_table('risk_source', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risk_source_risk_id'))

    op.drop_table('risk_source')
    with op.batch_alter_table('risk_assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risk_assessment_risk_id'))

    op.drop_table('risk_assessment')
    with op.batch_alter_table('risk_point', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risk_point_org_id_grade'))
        batch_op.drop_index(batch_op.f('ix_risk_point_enterprise_id_grade'))

    op.drop_table('risk_point')
