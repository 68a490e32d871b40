import './base.css';
import './tracking.css';
